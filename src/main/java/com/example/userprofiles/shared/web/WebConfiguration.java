package com.example.userprofiles.shared.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** The HTTP filters in front of every request. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBody(
			@Value("${app.limits.max-request-size:256KB}") DataSize maxRequestSize) {
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyFilter(Math.toIntExact(maxRequestSize.toBytes())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
